"""The demo: the walking skeleton's whole path on a simulated cohort."""

from kit.demo.run import DemoRun, run_demo

__all__ = ["DemoRun", "run_demo"]
