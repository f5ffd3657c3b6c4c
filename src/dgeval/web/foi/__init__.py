"""依申请公开 (foi) app of the campaign platform."""
