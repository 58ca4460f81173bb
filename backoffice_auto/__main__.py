"""`python -m backoffice_auto` runs the same command line as `backoffice-auto`."""

from backoffice_auto.cli import main

if __name__ == "__main__":
    main()
