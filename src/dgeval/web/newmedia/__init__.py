"""政务新媒体调查评估: government accounts (两微一端) as evaluated objects, their imported data, checks and points.

See models.py for the data, services.py for every change (imports, checks, review, points) and docs/new-media.md.
"""
