"""意见征集 (consultation) app of the campaign platform."""
