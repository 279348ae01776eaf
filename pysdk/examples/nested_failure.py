"""A flow that fails deep inside nested steps, to show how a failure is reported.

The third item fails validation three levels down; the play ends failed with the Python
traceback, and every span on the way from the root to the failing step is marked failed.
"""

from hero_logic import flow


@flow
def check(item: int) -> int:
    if item == 3:
        raise ValueError(f"item {item} is not allowed")
    return item


@flow
def process(item: int) -> int:
    return check(item) * 10


@flow(
    inputs=[{"name": "items", "field_type": "int", "default": 5, "description": "How many items"}]
)
def main(items: int = 5):
    results = []
    with flow.span("batch", size=items):
        for item in range(1, items + 1):
            results.append(process(item))
    return {"results": results}
