"""A workspace is a folder: inbox, outbox, rules, archive, failed and the state database.

Every command takes `-w DIR` (default: the current folder) and builds one of these; all
paths the service uses come from here so the layout is written down once.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

INBOX_FOLDERS = ("orders", "invoices", "timesheets", "bank", "books", "approvals")
SAMPLES = Path(__file__).parent / "samples"


@dataclass(frozen=True)
class Workspace:
    root: Path

    @classmethod
    def at(cls, root: str | Path) -> "Workspace":
        return cls(Path(root).resolve())

    @property
    def inbox(self) -> Path:
        return self.root / "inbox"

    @property
    def outbox(self) -> Path:
        return self.root / "outbox"

    @property
    def books_out(self) -> Path:
        return self.outbox / "books"

    @property
    def mail_dir(self) -> Path:
        return self.outbox / "mail"

    @property
    def mail_pending(self) -> Path:
        return self.mail_dir / "pending"

    @property
    def mail_sent(self) -> Path:
        return self.mail_dir / "sent"

    @property
    def mail_failed(self) -> Path:
        return self.mail_dir / "failed"

    @property
    def rules_dir(self) -> Path:
        return self.root / "rules"

    @property
    def archive(self) -> Path:
        return self.root / "archive"

    @property
    def failed(self) -> Path:
        return self.root / "failed"

    @property
    def state_dir(self) -> Path:
        return self.root / ".backoffice"

    @property
    def db_path(self) -> Path:
        return self.state_dir / "state.db"

    @property
    def log_path(self) -> Path:
        return self.state_dir / "log.jsonl"

    @property
    def staging_root(self) -> Path:
        return self.state_dir / "staging"

    def is_workspace(self) -> bool:
        return self.rules_dir.is_dir() or self.inbox.is_dir()

    def ensure(self) -> None:
        """Create any missing folder of the layout (never touches existing files)."""
        for folder in INBOX_FOLDERS:
            (self.inbox / folder).mkdir(parents=True, exist_ok=True)
        for path in (self.outbox, self.books_out, self.mail_pending, self.mail_sent, self.mail_failed,
                     self.rules_dir, self.archive, self.failed, self.state_dir, self.staging_root):
            path.mkdir(parents=True, exist_ok=True)

    def init(self, language: str = "en", locale: str = "en_GB") -> list[Path]:
        """Lay out a new workspace with the commented sample rules; existing rule files are kept.
        A new settings.yaml names `language` and `locale` (`init` passes the system's: a Czech
        admin's workspace speaks Czech and reads 1 234,56 from the start)."""
        self.ensure()
        written = []
        sample_rules = SAMPLES / "rules"
        for src in sorted(sample_rules.rglob("*.yaml")):
            dest = self.rules_dir / src.relative_to(sample_rules)
            if not dest.exists():
                dest.parent.mkdir(parents=True, exist_ok=True)
                if src.name == "settings.yaml" and src.parent == sample_rules:
                    text = src.read_text(encoding="utf-8")
                    text = text.replace("\nlanguage: en\n", f"\nlanguage: {language}\n", 1)
                    text = text.replace("\nlocale: en_GB\n", f"\nlocale: {locale}\n", 1)
                    dest.write_text(text, encoding="utf-8")
                else:
                    shutil.copyfile(src, dest)
                written.append(dest)
        return written
