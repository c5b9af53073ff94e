"""The one error a user's input can raise: it names the field and the problem."""


class ScenarioError(ValueError):
    """A scenario, reform or date the simulator cannot use; `field` is the dotted path of the culprit."""

    def __init__(self, field: str, problem: str):
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}" if field else problem)
