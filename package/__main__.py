"""``python -m jiuzhu`` runs the command-line interface."""

from jiuzhu.cli.main import main

if __name__ == "__main__":
    main()
