"""区县报名 (registration) app of the campaign platform."""
