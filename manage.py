#!/usr/bin/env python
"""Django's manage.py; the same as the `notinschool` command."""

from notinschool.manage import main

if __name__ == "__main__":
    main()
