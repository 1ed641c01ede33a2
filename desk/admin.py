from django.contrib import admin

from .models import Desk, Ticket


@admin.register(Desk)
class DeskAdmin(admin.ModelAdmin):
    list_display = ("name", "office", "officer", "opened_at", "closed_at")
    list_filter = ("office",)


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    list_display = ("code", "office", "day", "service", "status", "issued_at", "called_at", "desk")
    list_filter = ("office", "status", "service")
    readonly_fields = ("token",)
