"""The complaints' demo for a development portal (``make run``): at 6500, one complaint answered and
one open, made through the app's own functions; run again, it makes nothing new."""
import uuid

from accounts.models import Role, User
from complaints import filing, machine
from complaints.complaint_models import Complaint, ComplaintChannel, Subject
from services.catalogue.models import Office

DEMO_OFFICE = "6500"
ANSWERED_TOKEN = uuid.UUID("6a1e0000-0000-4000-8000-000000006500")
OPEN_TEXT = "Kotak saran: ruang tunggu PST panas, pendingin ruangan mati sejak minggu lalu."


def create_demo_complaints():
    """[Complaint] of the demo (empty without the office or its officer)."""
    office = Office.objects.filter(code=DEMO_OFFICE).first()
    officer = User.objects.filter(role=Role.OFFICER, office=office).order_by("pk").first()
    visitor = User.objects.filter(email="ani@contoh.id").first()
    if office is None or officer is None or visitor is None:
        return []
    answered, created = filing.file_complaint(
        office=office, user=visitor, token=ANSWERED_TOKEN, subject=Subject.CONDUCT,
        text="Petugas loket tidak menjelaskan syarat pembelian data mikro dengan jelas.")
    if created:
        machine.perform(answered, machine.REVIEW, officer)
        machine.perform(answered, machine.ANSWER, officer, note=(
            "Terima kasih atas masukannya. Syarat pembelian data mikro kini kami tempel di loket dan "
            "petugas telah diingatkan untuk menjelaskannya."))
    recorded = Complaint.objects.filter(office=office, text=OPEN_TEXT).first() or filing.record_other_channel(
        officer=officer, channel=ComplaintChannel.BOX, subject=Subject.FACILITIES, text=OPEN_TEXT)
    return [answered, recorded]
