# Drives the dashboard of a running `logtriage serve` in headless Chromium (Debian's chromium and chromium-driver,
# Selenium from PyPI) as a person would: keyboard navigation, an edit through a form, a refused status change, and a
# live update while the list is open. Prints what it saw as JSON; saves screenshots in the directory given.
import json, sys, time, urllib.request
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

base, shots = sys.argv[1], sys.argv[2]
options = Options()
options.binary_location = "/usr/bin/chromium"
for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,1000"):
    options.add_argument(argument)
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
seen = {}
try:
    driver.get(base + "/")
    rows = driver.find_elements(By.CSS_SELECTOR, "tr[data-row]")
    seen["rows"] = len(rows)
    driver.save_screenshot(shots + "/list.png")
    body = driver.find_element(By.TAG_NAME, "body")
    body.send_keys("j")
    body.send_keys("j")
    seen["selected"] = driver.execute_script("return [...document.querySelectorAll('tr[data-row]')].findIndex(r => r.classList.contains('selected'))")
    expected = rows[1].get_attribute("data-href")
    body.send_keys("\n")
    time.sleep(0.5)
    seen["opened"] = driver.current_url.endswith(expected)
    driver.save_screenshot(shots + "/issue.png")

    note = driver.find_element(By.CSS_SELECTOR, "form[action$='/note'] textarea")
    note.send_keys("Seen in the dashboard <b>test</b>")
    driver.find_element(By.CSS_SELECTOR, "form[action$='/note'] button").click()
    time.sleep(0.5)
    seen["notice"] = driver.find_element(By.CSS_SELECTOR, "p.notice").text
    seen["note_shown"] = "Seen in the dashboard <b>test</b>" in driver.find_element(By.TAG_NAME, "main").text

    Select(driver.find_element(By.CSS_SELECTOR, "form[action$='/status'] select")).select_by_value("fixed")
    driver.find_element(By.CSS_SELECTOR, "form[action$='/status'] button").click()
    time.sleep(0.5)
    seen["refusal"] = driver.find_element(By.CSS_SELECTOR, "p.error").text

    driver.get(base + "/")
    driver.execute_script("window.stillHere = true")
    time.sleep(1.0)
    line = b"2026-03-10 09:30:00,000 ERROR shop.db: Connection pool exhausted after 30s\n"
    urllib.request.urlopen(urllib.request.Request(base + "/ingest?stream=live", data=line, method="POST")).read()
    for _ in range(100):
        if len(driver.find_elements(By.CSS_SELECTOR, "tr[data-row]")) > seen["rows"]:
            break
        time.sleep(0.1)
    seen["rows_after_intake"] = len(driver.find_elements(By.CSS_SELECTOR, "tr[data-row]"))
    seen["not_reloaded"] = driver.execute_script("return window.stillHere === true")
    seen["live_badge"] = driver.find_element(By.CSS_SELECTOR, "nav .live").is_displayed()
    driver.get(base + "/graph")
    driver.save_screenshot(shots + "/graph.png")
    seen["graph_links"] = len(driver.find_elements(By.CSS_SELECTOR, "svg.graph a"))
    seen["console_errors"] = [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
finally:
    driver.quit()
print(json.dumps(seen))
