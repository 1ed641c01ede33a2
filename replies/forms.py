from django import forms
from django.utils.translation import gettext_lazy as _

from replies.models import ReplyTemplate
from services.catalogue.models import ServiceKind
from services.catalogue.templatetags.portal import localized


class ReplyTemplateForm(forms.ModelForm):
    class Meta:
        model = ReplyTemplate
        fields = ["title", "service_kind", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}
        help_texts = {"body": _("Boleh memuat {nama} (nama pengguna layanan) dan {kode} (kode permintaan): "
                                "keduanya diisi otomatis saat templat disisipkan.")}

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.office = office
        # The services this office offers.
        field = self.fields["service_kind"]
        field.queryset = ServiceKind.objects.filter(standards__office=office).distinct().order_by("order")
        field.empty_label = _("Semua layanan")
        field.label_from_instance = lambda kind: localized(kind, "name")
