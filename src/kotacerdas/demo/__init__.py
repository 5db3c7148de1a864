"""The demo programme (``kotacerdas demo``): believable data for trying the product.

Demo mode only: production (``KOTACERDAS_ENV=production``) never creates the demo logins.
Facts about the five seed regions come from the news reports in ``shared/seeds``; where a
report is silent (e.g. a region's cohort year) the value is a marked estimate.
"""
