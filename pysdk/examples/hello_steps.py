"""Nested steps, a grouping span and captured prints: the smallest tour of a play.

Each call of a function decorated with @flow inside the entry is a memoized step; flow.span
groups spans without memoizing; print() output lands in the logs of the span that printed it.
"""

from hero_logic import flow


@flow
def fetch_greeting(name: str) -> str:
    print(f"building a greeting for {name}")
    return f"Hello, {name}!"


@flow
def count_letters(text: str) -> int:
    return sum(1 for c in text if c.isalpha())


@flow(
    inputs=[
        {"name": "name", "field_type": "str", "default": "Ada", "description": "Who to greet"},
        {"name": "repeat", "field_type": "int", "default": 3, "description": "How many greetings"},
    ],
    outputs=[{"name": "letters", "field_type": "int"}],
)
def main(name: str = "Ada", repeat: int = 3):
    greeting = fetch_greeting(name)
    letters = 0
    with flow.span("tally", repeat=repeat):
        for _ in range(repeat):
            letters += count_letters(greeting)
    print(f"{repeat} greetings, {letters} letters")
    return {"greeting": greeting, "letters": letters}
