from django.db import migrations, models


class Migration(migrations.Migration):
    """A buyer's reminder before their download links expire (issue 14)."""

    dependencies = [
        ('requests_app', '0007_due_soon_from'),
    ]

    operations = [
        migrations.AlterField(
            model_name='reminder',
            name='kind',
            field=models.CharField(choices=[('at_risk', 'Pengingat: tenggat berisiko'), ('due_tomorrow', 'Pengingat: satu hari kerja sebelum tenggat'), ('overdue', 'Eskalasi ke kepala: melewati tenggat'), ('visitor_3', 'Pengingat pengguna layanan: 3 hari kerja menunggu'), ('visitor_6', 'Pengingat pengguna layanan: 6 hari kerja menunggu'), ('link_expiry', 'Pengingat pembeli: tautan unduhan segera kedaluwarsa')], max_length=20, verbose_name='jenis'),
        ),
    ]
