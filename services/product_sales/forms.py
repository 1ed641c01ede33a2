"""Forms of a product order: a line, the order's details, the SPPD, payment and delivery."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.forms import DeskCodeForm, clean_npwp_for_segment
from accounts.models import Segment
from accounts.validators import normalize_phone
from requests_app.forms import FILE_HELP, CheckedFileField, VisitorAnswerForm
from requests_app.uploads import DELIVERY_ACCEPT_ATTRIBUTE, check_delivery_file
from services.product_sales.models import Order, Product
from services.product_sales.orders import BILLING_CODE_DIGITS

ABSTRACT_MIN = 30


class LineForm(forms.Form):
    """One product: its format and, for microdata, the variables (all of them is the full set)."""

    line_token = forms.UUIDField(widget=forms.HiddenInput)
    format = forms.ChoiceField(label=_("Format"), widget=forms.RadioSelect)
    variables = forms.ModelMultipleChoiceField(
        label=_("Variabel"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, product, **kwargs):
        super().__init__(*args, **kwargs)
        self.product = product
        self.fields["format"].choices = [(f, f) for f in product.format_list()]
        if len(product.format_list()) == 1:
            self.fields["format"].initial = product.format_list()[0]
        if product.kind == Product.Kind.MICRODATA:
            self.fields["variables"].queryset = product.variables.order_by("order")
            self.fields["variables"].label_from_instance = lambda v: f"{v.name} — {v.label}"
            self.fields["variables"].initial = list(product.variables.values_list("pk", flat=True))
        else:
            del self.fields["variables"]

    def clean_variables(self):
        chosen = self.cleaned_data.get("variables")
        if not chosen:
            raise ValidationError(
                _("Pilih paling sedikit satu variabel (semua variabel berarti set lengkap).")
            )
        return chosen


class OrderDetailsForm(forms.Form):
    abstract = forms.CharField(
        label=_("Abstraksi penggunaan data"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Untuk apa data dipakai: judul dan tujuan penelitian atau kegiatan, analisis yang "
            "direncanakan, dan mengapa variabel ini diperlukan. Petugas memeriksa kesesuaiannya "
            "dengan data yang diminta."
        ),
    )
    medium = forms.ChoiceField(
        label=_("Media"),
        choices=Order.Medium.choices,
        widget=forms.RadioSelect,
        initial=Order.Medium.DOWNLOAD,
    )
    zero_rule = forms.ModelChoiceField(
        label=_("Meminta tarif Rp0 (boleh dikosongkan)"),
        queryset=None,
        required=False,
        empty_label=_("Tidak, saya membayar sesuai tarif"),
    )
    zero_evidence = CheckedFileField(label=_("Bukti untuk tarif Rp0"))

    def __init__(self, *args, needs_abstract, zero_rules, has_evidence=False, upload_limit_mb=10, **kwargs):
        super().__init__(*args, **kwargs)
        self.needs_abstract = needs_abstract
        self.has_evidence = has_evidence
        self.fields["zero_rule"].queryset = zero_rules
        self.fields["zero_rule"].label_from_instance = lambda r: f"{r.purpose} ({r.evidence})"
        self.fields["zero_evidence"].help_text = FILE_HELP % {"limit": upload_limit_mb}
        if has_evidence:
            self.fields["zero_evidence"].help_text = _(
                "Sudah diunggah. Unggah lagi hanya untuk menggantinya."
            )
        if not zero_rules.exists():
            del self.fields["zero_rule"]
            del self.fields["zero_evidence"]

    def clean_abstract(self):
        abstract = self.cleaned_data["abstract"].strip()
        if self.needs_abstract and len(abstract) < ABSTRACT_MIN:
            raise ValidationError(
                _(
                    "Data mikro dan peta memerlukan abstraksi penggunaan data (paling sedikit "
                    "%(count)d karakter)."
                )
                % {"count": ABSTRACT_MIN}
            )
        return abstract

    def clean(self):
        data = super().clean()
        if data.get("zero_rule") and not data.get("zero_evidence") and not self.has_evidence:
            self.add_error("zero_evidence", _("Unggah bukti untuk tarif Rp0 yang Anda minta."))
        return data


class OrderAnswerForm(VisitorAnswerForm):
    """The buyer's answer to a returned order: a note, and the abstract revised where it did not fit."""

    abstract = forms.CharField(
        label=_("Abstraksi penggunaan data (perbaiki bila diminta petugas)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def clean_abstract(self):
        abstract = self.cleaned_data["abstract"].strip()
        if abstract and len(abstract) < ABSTRACT_MIN:
            raise ValidationError(_("Abstraksi paling sedikit %(count)d karakter.") % {"count": ABSTRACT_MIN})
        return abstract


class SppdAcceptForm(forms.Form):
    agree = forms.BooleanField(
        label=_("Saya telah membaca dan menyetujui Surat Perjanjian Penggunaan Data (SPPD) di atas."),
        error_messages={"required": _("Centang persetujuan SPPD untuk mengajukan pesanan.")},
    )


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class PaymentProofForm(VersionForm):
    proof = CheckedFileField(label=_("Bukti pembayaran (bukti setor bank/NTPN)"), required=True)
    note = forms.CharField(label=_("Keterangan (boleh dikosongkan)"), required=False, max_length=1000)


class SignedSppdForm(VersionForm):
    signed_by = forms.CharField(
        label=_("Nama yang menandatangani SPPD"),
        max_length=150,
        help_text=_("Seperti tertulis di bawah tanda tangan pada kertas."),
    )
    sppd = CheckedFileField(label=_("Pindaian SPPD bertanda tangan"), required=True)


class ConfirmOrderForm(VersionForm):
    apply_zero_tariff = forms.BooleanField(
        label=_("Bukti diperiksa: terapkan tarif Rp0"),
        required=False,
    )


class BillingForm(VersionForm):
    billing_code = forms.CharField(
        label=_("Kode billing SIMPONI"),
        max_length=30,
        help_text=_("%(digits)d angka, dari Sistem Informasi PNBP Online.") % {"digits": BILLING_CODE_DIGITS},
    )
    expiry_date = forms.DateField(
        label=_("Berlaku sampai tanggal"), widget=forms.DateInput(attrs={"type": "date"})
    )
    expiry_time = forms.TimeField(
        label=_("pukul"), widget=forms.TimeInput(attrs={"type": "time"}), initial=datetime.time(23, 59)
    )

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.office = office

    def clean_billing_code(self):
        code = "".join(ch for ch in self.cleaned_data["billing_code"] if not ch.isspace())
        if not code.isdigit() or len(code) != BILLING_CODE_DIGITS:
            raise ValidationError(
                _("Kode billing terdiri atas %(digits)d angka.") % {"digits": BILLING_CODE_DIGITS}
            )
        return code

    def clean(self):
        data = super().clean()
        if data.get("expiry_date") and data.get("expiry_time"):
            expires = datetime.datetime.combine(
                data["expiry_date"], data["expiry_time"], tzinfo=self.office.zone
            )
            if expires <= timezone.now():
                self.add_error("expiry_date", _("Masa berlaku kode billing harus di masa depan."))
            data["expires_at"] = expires
        return data


class DeliveryFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.widget.attrs["accept"] = DELIVERY_ACCEPT_ATTRIBUTE

    def clean(self, data, initial=None):
        uploaded = super().clean(data, initial)
        content_type, extension = check_delivery_file(uploaded)
        return (uploaded, content_type, extension)


class PrepareFileForm(VersionForm):
    line = forms.IntegerField(widget=forms.HiddenInput)
    file = DeliveryFileField(label=_("Berkas yang disiapkan"))
    accept_other_format = forms.BooleanField(
        label=_("Format berkas berbeda dari yang dipesan: tetap lampirkan"), required=False
    )


class NoteOnlyForm(VersionForm):
    note = forms.CharField(
        label=_("Catatan"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class WalkInLineForm(forms.Form):
    """One product of the office's catalogue on the desk's order: whether it is ordered, in which
    format. The hidden ``product`` is the product's id (the product itself is ``row_product``); a row
    without one is ignored."""

    product = forms.TypedChoiceField(coerce=int, required=False, widget=forms.HiddenInput)
    chosen = forms.BooleanField(label=pgettext_lazy("memesan produk", "Pesan"), required=False)
    format = forms.ChoiceField(label=_("Format"), required=False)

    def __init__(self, *args, products, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].choices = [("", "")] + [(p.pk, p.pk) for p in products]
        chosen = self.data.get(self.add_prefix("product")) if self.is_bound else self.initial.get("product")
        self.row_product = next((p for p in products if str(p.pk) == str(chosen)), None)
        if self.row_product is not None:
            self.fields["chosen"].label = self.row_product.title
            self.fields["format"].choices = [(f, f) for f in self.row_product.format_list()]

    def line(self):
        """(product, format) when this row is ordered, else None."""
        if not self.cleaned_data.get("chosen") or self.row_product is None:
            return None
        return self.row_product, self.cleaned_data.get("format") or self.row_product.format_list()[0]


class BaseWalkInLineFormSet(forms.BaseFormSet):
    """The office's products as rows (``initial``: one per product); a posted row names its product."""

    def __init__(self, *args, products, **kwargs):
        self.products = list(products)
        kwargs.setdefault("initial", [{"product": p.pk} for p in self.products])
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"products": self.products}

    def lines(self):
        """The ordered (product, format) pairs, each product once, in the rows' order."""
        found = {}
        for form in self.forms:
            line = form.line()
            if line is not None:
                found.setdefault(line[0].pk, line)
        return list(found.values())


WalkInLineFormSet = forms.formset_factory(
    WalkInLineForm, formset=BaseWalkInLineFormSet, extra=0, max_num=500, absolute_max=500
)


class WalkInBuyerForm(DeskCodeForm):
    """An order taken at the desk: the buyer (their account reached with the code sent to their email,
    or made), the products, the abstract."""

    field_order = ["email", "code"]

    email = forms.EmailField(
        label=_("Email pembeli"),
        help_text=_(
            "Pembeli menerima kode konfirmasi di alamat ini; dengan kode itu pesanan dicatat pada "
            "akunnya, atau akun dibuat dan pembeli menerima tautan untuk membuat kata sandi."
        ),
    )
    full_name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    phone = forms.CharField(label=_("Telepon/WhatsApp"), max_length=20)
    segment = forms.ChoiceField(label=_("Segmen"), choices=Segment.choices)
    institution = forms.CharField(label=_("Instansi/lembaga"), max_length=200, required=False)
    npwp = forms.CharField(label=_("NPWP (wajib untuk segmen swasta)"), max_length=25, required=False)
    abstract = forms.CharField(
        label=_("Abstraksi penggunaan data"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    medium = forms.ChoiceField(
        label=_("Media"),
        choices=Order.Medium.choices,
        widget=forms.RadioSelect,
        initial=Order.Medium.DOWNLOAD,
    )

    def __init__(self, *args, products, **kwargs):
        super().__init__(*args, **kwargs)
        data = self.data if self.is_bound else None
        self.lines = WalkInLineFormSet(data, products=products, prefix="lines")

    def clean_phone(self):
        return normalize_phone(self.cleaned_data["phone"])

    def clean(self):
        data = super().clean()
        clean_npwp_for_segment(self, data, missing=_("Segmen swasta memerlukan NPWP yang masih aktif."))
        if not self.lines.is_valid():  # only a tampered post: the page offers valid rows only
            for error in self.lines.non_form_errors():
                self.add_error(None, error)
            for form in self.lines.forms:
                for errors in form.errors.values():
                    for error in errors:
                        self.add_error(None, error)
            return data
        chosen = self.lines.lines()
        if not chosen:
            raise ValidationError(_("Pilih paling sedikit satu produk."))
        if (
            any(p.kind in (Product.Kind.MICRODATA, Product.Kind.MAP) for p, _f in chosen)
            and len(data.get("abstract", "").strip()) < ABSTRACT_MIN
        ):
            self.add_error(
                "abstract",
                _(
                    "Data mikro dan peta memerlukan abstraksi penggunaan data (paling "
                    "sedikit %(count)d karakter)."
                )
                % {"count": ABSTRACT_MIN},
            )
        data["lines"] = chosen
        return data
