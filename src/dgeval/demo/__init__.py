"""The demo: synthetic county portals served on loopback, and the `dgeval demo` builder in the web CLI.

`sites.py` generates the portals, `server.py` serves them; neither imports Django.
"""
