"""评估活动 (campaigns) app of the campaign platform."""
