from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from services.catalogue.models import (
    CalendarOverride,
    ComplaintChannel,
    Office,
    OfficeHours,
    ProcedureStep,
    Requirement,
    ServiceKind,
    ServiceOutput,
    Standard,
    StandardSection,
)


class OfficeHoursInline(admin.TabularInline):
    model = OfficeHours
    extra = 0


class OfficeComplaintChannelInline(admin.TabularInline):
    model = ComplaintChannel
    fk_name = "office"
    fields = ("order", "kind", "label", "value", "link")
    extra = 0
    verbose_name_plural = _("kanal pengaduan kantor")

    def get_queryset(self, request):
        return super().get_queryset(request).office_level()


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent", "time_zone", "is_active")
    list_filter = ("level", "time_zone", "is_active")
    search_fields = ("code", "name", "province_name")
    list_select_related = ("parent",)
    inlines = [OfficeHoursInline, OfficeComplaintChannelInline]


@admin.register(ServiceKind)
class ServiceKindAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "order")
    ordering = ("order",)


class StandardSectionInline(admin.TabularInline):
    model = StandardSection
    fields = ("channel", "completion_kind", "completion_value", "completion_wording", "edit_link")
    readonly_fields = ("edit_link",)
    extra = 0
    show_change_link = True

    @admin.display(description=_("persyaratan dan langkah"))
    def edit_link(self, section):
        if not section.pk:
            return "-"
        url = reverse("admin:catalogue_standardsection_change", args=[section.pk])
        return format_html('<a href="{}">{}</a>', url, _("Ubah persyaratan dan langkah"))


class ServiceOutputInline(admin.TabularInline):
    model = ServiceOutput
    extra = 0
    ordering = ("order",)


class StandardComplaintChannelInline(admin.TabularInline):
    model = ComplaintChannel
    fk_name = "standard"
    fields = ("order", "kind", "wording", "link")
    extra = 0
    ordering = ("order",)



@admin.register(Standard)
class StandardAdmin(admin.ModelAdmin):
    list_display = ("office", "service_kind", "title", "sk_number", "effective_from")
    list_filter = ("service_kind", "office")
    search_fields = ("title", "sk_number", "office__name", "office__code")
    list_select_related = ("office", "service_kind")
    date_hierarchy = "effective_from"
    inlines = [StandardSectionInline, ServiceOutputInline, StandardComplaintChannelInline]
    readonly_fields = ("source",)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, ComplaintChannel):
                instance.office = form.instance.office
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


class RequirementInline(admin.TabularInline):
    model = Requirement
    extra = 0
    ordering = ("order",)


class ProcedureStepInline(admin.TabularInline):
    model = ProcedureStep
    extra = 0
    ordering = ("order",)


@admin.register(StandardSection)
class StandardSectionAdmin(admin.ModelAdmin):
    list_display = ("standard", "channel", "completion_kind", "completion_value")
    list_filter = ("channel", "standard__service_kind", "standard__office")
    list_select_related = ("standard__office", "standard__service_kind")
    inlines = [RequirementInline, ProcedureStepInline]


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    """Later years' cuti bersama, moved holidays and office closures."""

    list_display = ("date", "kind", "office", "name")
    list_filter = ("kind", "office")
    search_fields = ("name",)
    date_hierarchy = "date"
    list_select_related = ("office",)


