"""Demo programmes with consultancy questions of every kind, for seed_demo."""

from customers.models import ConsultancyQuestion, Programme

Kind = ConsultancyQuestion.Kind

DEMO_PROGRAMMES = [
    (
        "Slimming programme",
        "Twelve weeks of body contouring with a monthly weigh-in.",
        [
            ("What is your main goal?", Kind.SHORT_TEXT, True, [], ""),
            ("Weight", Kind.NUMBER, True, [], "In kilograms."),
            (
                "Areas to treat",
                Kind.MULTIPLE_CHOICE,
                False,
                ["Arms", "Waist", "Thighs"],
                "",
            ),
            ("Are you pregnant or breastfeeding?", Kind.YES_NO, True, [], ""),
            ("Medical conditions or medication", Kind.LONG_TEXT, False, [], ""),
        ],
    ),
    (
        "Facial care programme",
        "Six facials fitted to your skin type.",
        [
            (
                "Skin type",
                Kind.SINGLE_CHOICE,
                True,
                ["Dry", "Oily", "Combination", "Sensitive"],
                "",
            ),
            (
                "Any allergies?",
                Kind.SHORT_TEXT,
                False,
                [],
                "Creams, oils or fragrances.",
            ),
            ("Date of your last facial", Kind.DATE, False, [], ""),
        ],
    ),
]


def seed_programmes_demo(stdout=None) -> int:
    """Create the demo programmes that do not exist yet; return how many."""
    created = 0
    for name, description, questions in DEMO_PROGRAMMES:
        programme, is_new = Programme.objects.get_or_create(
            name=name, defaults={"description": description}
        )
        if not is_new:
            continue
        created += 1
        for position, (text, kind, required, options, help_text) in enumerate(
            questions, start=1
        ):
            ConsultancyQuestion.objects.create(
                programme=programme,
                text=text,
                kind=kind,
                is_required=required,
                options=options,
                help_text=help_text,
                position=position,
            )
    if stdout is not None:
        stdout.write(f"Demo programmes: {created} new.")
    return created
