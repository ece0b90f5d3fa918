"""Metodeguiden's Streamlit app. Streamlit only: renders ``Answer``/``Verdict`` objects, no domain logic.

Start it like ``make run`` does::

    streamlit run ui/app.py --server.address 127.0.0.1 --server.port 8501 \
        --server.headless true --browser.gatherUsageStats false
"""
