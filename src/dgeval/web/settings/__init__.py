"""Settings package: base (shared), prod (the default), dev (`dgeval demo`), test (pytest)."""
