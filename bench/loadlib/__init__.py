"""Parts of bench/load.py: the server under test, the simulated devices, the figures, the check."""
