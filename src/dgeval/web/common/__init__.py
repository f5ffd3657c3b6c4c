"""What the platform's apps share: the lowest layer of `dgeval.web`, which imports no app.

Apps depend one way (tests/web/test_app_graph.py checks it): a concept two apps need lives here or in the lower of
the two, never in both directions. Here: framework data as the campaign's year reads it (`frameworks`), the one
check of points worded in Chinese (`points`), evidence uploads (`uploads`), a service error on a form (`forms`) and
what the demo steps share (`demo`).
"""
