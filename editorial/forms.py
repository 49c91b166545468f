from django import forms


class RequiredCommentForm(forms.Form):
    """A workflow action that must say why: requesting changes, overriding findings."""

    comment = forms.CharField(widget=forms.Textarea({"rows": 4}))

    def __init__(self, *args, label="Comment", help_text="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].label = label
        self.fields["comment"].help_text = help_text


class RequestChangesForm(RequiredCommentForm):
    def __init__(self, *args, **kwargs):
        super().__init__(
            *args,
            label="What needs to change",
            help_text="The writer gets this by e-mail. Say what to change and why.",
            **kwargs,
        )


class OverrideFindingsForm(RequiredCommentForm):
    def __init__(self, *args, **kwargs):
        super().__init__(
            *args,
            label="Why the post can go ahead as it is",
            help_text="Recorded with the findings and in the post's history.",
            **kwargs,
        )
