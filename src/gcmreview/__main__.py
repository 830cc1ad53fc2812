"""``python -m gcmreview``."""

from gcmreview.cli import main

if __name__ == "__main__":
    main()
