"""`dgeval demo`: a whole 2020 evaluation on SQLite around synthetic county portals served on loopback.

The build is a list of steps (`build.DEMO_STEPS`), one per campaign domain; each app seeds its own demo data in its
`demo.py` through its services, so demo records carry audit entries and provenance like real ones. A step receives
the `DemoContext` and returns one line for the console.
"""
