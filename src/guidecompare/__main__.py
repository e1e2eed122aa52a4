"""`python -m guidecompare`."""

from guidecompare.cli import main

main(prog_name="guidecompare")
