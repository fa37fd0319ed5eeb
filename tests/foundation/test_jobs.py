import pytest

from basisbaan.jobs import runner
from basisbaan.jobs.models import Job
from basisbaan.tenants.models import Municipality


@runner.handler("tests.count")
def _count(job, report):
    for i in range(4):
        report((i + 1) / 4, f"step {i + 1}")
    return {"counted": job.params["upto"]}


@runner.handler("tests.fail")
def _fail(job, report):
    report(0.5, "half way")
    raise ValueError("the input file has no header row")


@pytest.mark.django_db
def test_a_job_reports_progress_and_stores_its_result():
    job = runner.enqueue("tests.count", Municipality.objects.first(), upto=3)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.progress == 1.0
    assert job.result == {"counted": 3}
    assert job.message == "step 4"


@pytest.mark.django_db
def test_a_failing_job_is_marked_failed_with_the_reason():
    job = runner.enqueue("tests.fail", Municipality.objects.first())
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "no header row" in job.error
    assert job.progress == 0.5


@pytest.mark.django_db
def test_unknown_job_kind_is_refused():
    with pytest.raises(KeyError):
        runner.enqueue("tests.nothing", Municipality.objects.first())
    assert not Job.objects.filter(kind="tests.nothing").exists()
