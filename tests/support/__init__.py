"""Test support shared across the test folders (importable as `support`: tests/conftest.py puts
tests/ on sys.path, which --import-mode=importlib does not)."""
