"""评分 (scores) app of the campaign platform."""
