"""Steps, a pause with a form, resume, replay: the heart of a durable flow.

The flow drafts an outline, then pauses for a person to approve it. Submitting the form
runs the flow again from the top: the finished steps are replayed from the step cache (not
executed again), the pause returns the submitted answer, and the flow goes on. Code outside
steps runs again on every run, so keep it deterministic and put side effects in steps.
"""

from hero_logic import Failed, flow


@flow
def make_outline(topic: str) -> list:
    print(f"outlining {topic}")
    return [f"Why {topic} matters", f"How {topic} works", f"Trying {topic} yourself"]


@flow
def write_section(title: str, tone: str) -> str:
    return f"{title} — written in a {tone} tone."


@flow(
    inputs=[
        {
            "name": "topic",
            "field_type": "str",
            "default": "durable flows",
            "description": "What the article is about",
        }
    ],
    outputs=[{"name": "article", "field_type": "text"}],
)
def main(topic: str = "durable flows"):
    outline = make_outline(topic)
    with flow.span("review", sections=len(outline)):
        answer = flow.pause(
            "approve",
            prompt="Approve the outline?\n" + "\n".join(f"- {t}" for t in outline),
            fields=[
                {
                    "name": "ok",
                    "field_type": "bool",
                    "default": True,
                    "description": "Untick to reject the outline",
                },
                {
                    "name": "tone",
                    "field_type": "choice",
                    "options": ["plain", "playful", "formal"],
                    "default": "plain",
                    "description": "How the sections should sound",
                },
                {
                    "name": "note",
                    "field_type": "text",
                    "required": False,
                    "description": "Anything the writer should know",
                },
            ],
        )
    if not answer["ok"]:
        raise Failed(f"outline rejected: {answer.get('note') or 'no reason given'}")
    sections = [write_section(title, answer["tone"]) for title in outline]
    return {"article": "\n".join(sections), "note": answer.get("note")}
