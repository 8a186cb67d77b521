from django.core.management.base import BaseCommand

from chibo.web.demo import ensure_demo


class Command(BaseCommand):
    help = "Tạo đảng bộ mẫu với hai chi bộ và tài khoản (mật khẩu ngẫu nhiên, in ra một lần)."

    def handle(self, *args, **options):
        for username, role, password in ensure_demo():
            self.stdout.write(f"{username} ({role}): {password}")
