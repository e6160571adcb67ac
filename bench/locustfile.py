"""Front-desk staff for the load test: log in, search, open, create, toggle.

bench/load_test.py runs this file against gunicorn. Through the environment
it passes the head office's branch id (WESS_LOADTEST_BRANCH), the name
prefix of the customers it creates (WESS_LOADTEST_PREFIX) and the file that
receives their names (WESS_LOADTEST_OUTPUT). The check afterwards compares
that file with the database.
"""

import json
import os
import random
import re
import threading

import benchenv
from locust import HttpUser, between, events, task

CUSTOMER_LINK = re.compile(r'href="/customers/(\d+)/"')
NAME_FRAGMENTS = ["lim", "tan", "siti", "kumar", "priya", "wong", "nurul", "chong"]
MOBILE_FRAGMENTS = ["3337", "9123", "8821", "1234", "6789"]
CODE_FRAGMENTS = ["TAM-0012", "KCH-04", "04567", "ORC-1000"]

user_numbers = iter(range(1, benchenv.LOAD_TEST_USERS + 1))
number_lock = threading.Lock()
# Names posted, and names whose post returned the redirect of a saved form.
# A post still in flight when the test stops is attempted but not created.
attempted_names: list[str] = []
created_names: list[str] = []


@events.test_stop.add_listener
def write_created_names(environment, **kwargs):
    output = os.environ.get("WESS_LOADTEST_OUTPUT")
    if output:
        names = {"attempted": sorted(attempted_names), "created": sorted(created_names)}
        with open(output, "w", encoding="utf-8") as file:
            json.dump(names, file, indent=0)


class FrontDeskStaff(HttpUser):
    """One member of staff at the head office, who sees every customer."""

    # A clerk reads each page before the next click.
    wait_time = between(5, 15)

    def on_start(self):
        with number_lock:
            self.number = next(user_numbers, benchenv.LOAD_TEST_USERS)
        self.username = benchenv.LOAD_TEST_USERNAME.format(number=self.number)
        self.created = 0
        self.customer_ids: list[str] = []
        self.client.get("/accounts/login/", name="login form")
        self.post(
            "/accounts/login/",
            {"username": self.username, "password": benchenv.BENCH_PASSWORD},
            name="log in",
            expected=302,
        )
        self.post(
            "/branches/switch/",
            {"branch": os.environ["WESS_LOADTEST_BRANCH"], "next": "/customers/"},
            name="switch branch",
            expected=302,
        )

    def csrf_header(self):
        return {"X-CSRFToken": self.client.cookies.get("csrftoken", "")}

    def post(self, path, data, *, name, expected, headers=None):
        with self.client.post(
            path,
            data,
            headers={**self.csrf_header(), **(headers or {})},
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != expected:
                response.failure(f"expected {expected}, got {response.status_code}")
            return response

    def remember_customers(self, html):
        found = CUSTOMER_LINK.findall(html)
        if found:
            self.customer_ids = found

    @task(4)
    def search_name(self):
        fragment = random.choice(NAME_FRAGMENTS)
        response = self.client.get(
            "/customers/", params={"name": fragment}, name="search name"
        )
        self.remember_customers(response.text)

    @task(2)
    def search_mobile(self):
        fragment = random.choice(MOBILE_FRAGMENTS)
        response = self.client.get(
            "/customers/", params={"mobile": fragment}, name="search mobile"
        )
        self.remember_customers(response.text)

    @task(1)
    def search_code(self):
        fragment = random.choice(CODE_FRAGMENTS)
        self.client.get("/customers/", params={"code": fragment}, name="search code")

    @task(1)
    def listing(self):
        response = self.client.get("/customers/", name="listing")
        self.remember_customers(response.text)

    @task(3)
    def open_customer(self):
        if self.customer_ids:
            customer_id = random.choice(self.customer_ids)
            self.client.get(f"/customers/{customer_id}/", name="view customer")

    @task(1)
    def toggle_published(self):
        if not self.customer_ids:
            return
        customer_id = random.choice(self.customer_ids)
        # Twice, so the customer ends as it started.
        for _ in range(2):
            self.post(
                f"/customers/{customer_id}/toggle-published/",
                {},
                name="toggle published",
                expected=200,
                headers={"HX-Request": "true"},
            )

    @task(1)
    def create_customer(self):
        self.client.get("/customers/new/", name="new customer form")
        self.created += 1
        name = f"{os.environ['WESS_LOADTEST_PREFIX']} {self.number}-{self.created}"
        data = {
            "code": "#AUTO",
            "name": name,
            "gender": "F",
            "date_of_birth": "1991-03-14",
            "identity_number": "",
            "mobile": f"+65 9{random.randrange(0, 9999999):07d}",
            "telephone": "",
            "email": "",
            "address": "",
            "group": "",
            "home_branch": os.environ["WESS_LOADTEST_BRANCH"],
            "join_date": "2026-12-01",
            "referral_source": "Walk-in",
            "occupation": "",
            "remarks": "",
            "is_published": "on",
            "action": "save",
        }
        attempted_names.append(name)
        with self.client.post(
            "/customers/new/",
            data,
            headers=self.csrf_header(),
            name="create customer",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 200 and "allow_duplicate" in response.text:
                # A random mobile number may belong to a loaded customer;
                # staff then confirm that this is a different person.
                response.success()
                data["allow_duplicate"] = "on"
            elif response.status_code != 302:
                response.failure(f"expected 302, got {response.status_code}")
        if "allow_duplicate" in data:
            response = self.post(
                "/customers/new/",
                data,
                name="create customer (confirmed)",
                expected=302,
            )
        if response.status_code == 302:
            created_names.append(name)
