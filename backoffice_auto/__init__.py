"""backoffice-auto: the routine work of a back office, done from the files people already use."""

__version__ = "0.1.0"
