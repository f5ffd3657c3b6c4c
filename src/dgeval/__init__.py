"""dgeval: runs a national evaluation of digital government end to end.

Data flows one way: targets → fetch → pages → checks → findings → leaf points → scores → rankings → reports / web.
See docs/architecture.md.
"""

__version__ = "0.1.0"
