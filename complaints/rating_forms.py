"""The survey form: the nine questions of the regulation's questionnaire in plain words, each with its
four answers (1–4) worded as the regulation's sample questionnaire does, and a comment. Any question
may be skipped; at least one must be answered."""
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .rating_models import ELEMENTS

# Each question: its words, and its four answers (1–4) in their own translation context ("Sesuai" here is
# an answer on a scale, not the "In order" of a checklist elsewhere).

QUESTIONS = {
    "requirements": (_("Apakah persyaratan layanan sesuai dengan yang Anda jalani?"), (
        pgettext_lazy("survey answer", "Tidak sesuai"),
        pgettext_lazy("survey answer", "Kurang sesuai"),
        pgettext_lazy("survey answer", "Sesuai"),
        pgettext_lazy("survey answer", "Sangat sesuai"),
    )),
    "procedure": (_("Apakah prosedur layanan mudah diikuti?"), (
        pgettext_lazy("survey answer", "Tidak mudah"),
        pgettext_lazy("survey answer", "Kurang mudah"),
        pgettext_lazy("survey answer", "Mudah"),
        pgettext_lazy("survey answer", "Sangat mudah"),
    )),
    "duration": (_("Apakah layanan selesai dengan cepat?"), (
        pgettext_lazy("survey answer", "Tidak cepat"),
        pgettext_lazy("survey answer", "Kurang cepat"),
        pgettext_lazy("survey answer", "Cepat"),
        pgettext_lazy("survey answer", "Sangat cepat"),
    )),
    "fee": (_("Bagaimana biaya layanan ini bagi Anda?"), (
        pgettext_lazy("survey answer", "Sangat mahal"),
        pgettext_lazy("survey answer", "Cukup mahal"),
        pgettext_lazy("survey answer", "Murah"),
        pgettext_lazy("survey answer", "Gratis"),
    )),
    "product": (_("Apakah hasil layanan sesuai dengan yang dijanjikan dalam standar pelayanan?"), (
        pgettext_lazy("survey answer", "Tidak sesuai"),
        pgettext_lazy("survey answer", "Kurang sesuai"),
        pgettext_lazy("survey answer", "Sesuai"),
        pgettext_lazy("survey answer", "Sangat sesuai"),
    )),
    "competence": (_("Apakah petugas menguasai pekerjaannya?"), (
        pgettext_lazy("survey answer", "Tidak kompeten"),
        pgettext_lazy("survey answer", "Kurang kompeten"),
        pgettext_lazy("survey answer", "Kompeten"),
        pgettext_lazy("survey answer", "Sangat kompeten"),
    )),
    "conduct": (_("Apakah petugas bersikap sopan dan ramah?"), (
        pgettext_lazy("survey answer", "Tidak sopan dan ramah"),
        pgettext_lazy("survey answer", "Kurang sopan dan ramah"),
        pgettext_lazy("survey answer", "Sopan dan ramah"),
        pgettext_lazy("survey answer", "Sangat sopan dan ramah"),
    )),
    "complaint_handling": (_("Bagaimana penanganan pengaduan, saran, dan masukan?"), (
        pgettext_lazy("survey answer", "Tidak ada"),
        pgettext_lazy("survey answer", "Ada tetapi tidak berfungsi"),
        pgettext_lazy("survey answer", "Berfungsi kurang maksimal"),
        pgettext_lazy("survey answer", "Dikelola dengan baik"),
    )),
    "facilities": (_("Bagaimana sarana dan prasarana layanan?"), (
        pgettext_lazy("survey answer", "Buruk"),
        pgettext_lazy("survey answer", "Cukup"),
        pgettext_lazy("survey answer", "Baik"),
        pgettext_lazy("survey answer", "Sangat baik"),
    )),
}


class RatingForm(forms.Form):
    comment = forms.CharField(label=_("Komentar atau saran (tidak wajib)"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        comment = self.fields.pop("comment")
        for name, label in ELEMENTS:
            question, answers = QUESTIONS[name]
            self.fields[name] = forms.TypedChoiceField(
                label=question, help_text=label, required=False, coerce=int, empty_value=None,
                choices=[(value, answer) for value, answer in enumerate(answers, start=1)],
                widget=forms.RadioSelect)
        self.fields["comment"] = comment

    def elements(self):
        """The bound fields of the nine questions, in order (the template gives each a fieldset)."""
        return [self[name] for name, _label in ELEMENTS]

    def clean(self):
        data = super().clean()
        if not any(data.get(name) for name, _label in ELEMENTS):
            raise forms.ValidationError(_("Jawab paling sedikit satu pertanyaan."))
        return data

    def answers(self):
        return {name: self.cleaned_data.get(name) for name, _label in ELEMENTS}
