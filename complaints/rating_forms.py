"""The survey form: the nine questions of the regulation's questionnaire in plain words, each with its
four answers (1–4) worded as the regulation's sample questionnaire does, and a comment. Any question
may be skipped; at least one must be answered."""
from django import forms
from django.utils.translation import gettext_lazy as _

from .rating_models import ELEMENTS

QUESTIONS = {
    "requirements": (_("Apakah persyaratan layanan sesuai dengan yang Anda jalani?"),
                     (_("Tidak sesuai"), _("Kurang sesuai"), _("Sesuai"), _("Sangat sesuai"))),
    "procedure": (_("Apakah prosedur layanan mudah diikuti?"),
                  (_("Tidak mudah"), _("Kurang mudah"), _("Mudah"), _("Sangat mudah"))),
    "duration": (_("Apakah layanan selesai dengan cepat?"),
                 (_("Tidak cepat"), _("Kurang cepat"), _("Cepat"), _("Sangat cepat"))),
    "fee": (_("Bagaimana biaya layanan ini bagi Anda?"),
            (_("Sangat mahal"), _("Cukup mahal"), _("Murah"), _("Gratis"))),
    "product": (_("Apakah hasil layanan sesuai dengan yang dijanjikan dalam standar pelayanan?"),
                (_("Tidak sesuai"), _("Kurang sesuai"), _("Sesuai"), _("Sangat sesuai"))),
    "competence": (_("Apakah petugas menguasai pekerjaannya?"),
                   (_("Tidak kompeten"), _("Kurang kompeten"), _("Kompeten"), _("Sangat kompeten"))),
    "conduct": (_("Apakah petugas bersikap sopan dan ramah?"),
                (_("Tidak sopan dan ramah"), _("Kurang sopan dan ramah"), _("Sopan dan ramah"),
                 _("Sangat sopan dan ramah"))),
    "complaint_handling": (_("Bagaimana penanganan pengaduan, saran, dan masukan?"),
                           (_("Tidak ada"), _("Ada tetapi tidak berfungsi"), _("Berfungsi kurang maksimal"),
                            _("Dikelola dengan baik"))),
    "facilities": (_("Bagaimana sarana dan prasarana layanan?"),
                   (_("Buruk"), _("Cukup"), _("Baik"), _("Sangat baik"))),
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
