"""The counsellor's page: answer cards first, then the option editors, then the results and charts."""
