"""The one error a user's input can raise: it names the field and the problem."""
from .untrusted import one_line

FIELD_CHARS = 90      # a field's dotted path is cut to this many characters
PROBLEM_CHARS = 200   # and the problem to this many: no message grows with the input


class ScenarioError(ValueError):
    """A scenario, reform or date the simulator cannot use; `field` is the dotted path of the culprit.

    Both parts are put on one line and cut short, whatever text they were given."""

    def __init__(self, field: str, problem: str):
        self.field = one_line(field, FIELD_CHARS)
        self.problem = one_line(problem, PROBLEM_CHARS)
        super().__init__(f"{self.field}: {self.problem}" if self.field else self.problem)
