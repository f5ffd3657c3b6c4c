"""Publication of results (结果发布): frozen snapshots, peer-group rankings, scorecards, open data and reports."""
