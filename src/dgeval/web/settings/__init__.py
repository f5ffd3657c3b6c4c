"""Settings package: base (shared), dev (default), prod (deployment), test (pytest)."""
