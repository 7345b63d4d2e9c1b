"""`python -m kit` runs the `sgkit` command."""

from kit.cli import main

main()
