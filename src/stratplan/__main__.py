"""`python -m stratplan` runs the command-line interface."""

from stratplan.cli import main

if __name__ == "__main__":
    main()
