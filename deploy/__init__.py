"""Running the app as several replicas behind HAProxy (`make cluster`)."""
