import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from requests_app.forms import CheckedFilesField, RequestForm
from services.consultation.models import Article, Consultation, Meeting


class ConsultationRequestForm(RequestForm):
    """Filing a consultation: the question is the purpose, with a topic."""

    topic = forms.ChoiceField(label=_("Topik"), choices=Consultation.TOPICS, initial="data", required=False)
    searched_for = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["purpose"].label = _("Pertanyaan Anda")
        self.fields["purpose"].help_text = _(
            "Tuliskan data, metadata atau klasifikasi yang Anda cari, wilayah dan tahunnya, serta untuk "
            "apa. Makin jelas, makin cepat dijawab.")
        self.order_fields(["submission_token", "searched_for", "topic", "purpose"])

    def clean_topic(self):
        return self.cleaned_data.get("topic") or "other"


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Pesan"), max_length=8000, widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": _("Tuliskan pesan Anda.")})
    files = CheckedFilesField(label=_("Lampiran (boleh dikosongkan)"))


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis pertemuan"), choices=Meeting.Kind.choices)
    date = forms.DateField(label=_("Tanggal"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label=_("Jam (waktu kantor)"), widget=forms.TimeInput(attrs={"type": "time"}))
    duration_minutes = forms.IntegerField(label=_("Lama (menit)"), min_value=10, max_value=240, initial=30)
    place = forms.CharField(label=_("Tempat (tatap muka)"), required=False, max_length=300)
    link = forms.URLField(label=_("Tautan (pertemuan video)"), required=False, assume_scheme="https")
    note = forms.CharField(label=_("Pesan untuk pengguna layanan"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.office = office

    def clean(self):
        data = super().clean()
        if data.get("kind") == Meeting.Kind.VIDEO and not data.get("link"):
            self.add_error("link", _("Isi tautan pertemuan video."))
        if data.get("date") and data.get("time"):
            starts = datetime.datetime.combine(data["date"], data["time"], tzinfo=self.office.zone)
            if starts <= timezone.now():
                self.add_error("date", _("Pilih waktu yang akan datang."))
            data["starts_at"] = starts
        return data


class WalkInConsultationForm(forms.Form):
    guest_name = forms.CharField(label=_("Nama pengunjung"), max_length=150)
    guest_contact = forms.CharField(label=_("Email atau nomor telepon"), max_length=150, required=False)
    guest_institution = forms.CharField(label=_("Instansi/lembaga"), max_length=200, required=False)
    topic = forms.ChoiceField(label=_("Topik"), choices=Consultation.TOPICS)
    question = forms.CharField(label=_("Pertanyaan"), widget=forms.Textarea(attrs={"rows": 3}),
                               max_length=4000)
    answer = forms.CharField(label=_("Jawaban yang diberikan"), widget=forms.Textarea(attrs={"rows": 4}),
                             max_length=8000)
    duration_minutes = forms.IntegerField(label=_("Lama layanan (menit)"), min_value=1, max_value=480)


class ArticleForm(forms.ModelForm):
    publish = forms.BooleanField(label=_("Terbitkan"), required=False)

    class Meta:
        model = Article
        fields = ["title", "summary", "topic", "tags", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 14})}
