"""人工采集 (collection) app of the campaign platform."""
