"""评估对象 (targets) app of the campaign platform."""
