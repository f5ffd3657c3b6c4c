"""系统监测 (monitoring) app of the campaign platform."""
