"""The base of every rule-file model: strict (unknown keys refused) and immutable."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class StrictModel(BaseModel):
    """Unknown or misspelt keys are errors; loaded rules cannot be changed by a job."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
