"""Start pause_resume_demo as a child play whose pause is answered by prefill=.

The child gets its answer up front, so it completes without a form. A child started with
prefill is prefill-only: a pause it has no answer for fails it instead of parking (that
pause can still be answered from the child's page).
"""

from hero_logic import flow


@flow(
    inputs=[
        {
            "name": "topic",
            "field_type": "str",
            "default": "prefilled answers",
            "description": "What the child's article is about",
        }
    ]
)
def main(topic: str = "prefilled answers"):
    article = flow.invoke(
        "pause_resume_demo",
        spawn=True,
        topic=topic,
        prefill={"approve": {"ok": True, "tone": "formal", "note": "approved by prefill"}},
    )
    return {"article": article["article"], "note": article["note"]}
