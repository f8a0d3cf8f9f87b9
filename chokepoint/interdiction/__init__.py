"""The interdiction planner: actions declared as data, the cheapest cut, the budgeted plan."""
