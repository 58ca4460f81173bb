"""Reading a supplier invoice: embedded e-invoice XML, supplier templates, the template-free reader."""
